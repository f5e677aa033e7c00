"""The translators' glossary: organizations, people and places of the source texts, with agreed Chinese.

People whose Chinese characters the sources do not give keep their romanized names (a guess could
misname a real person); the note says so. Names from the Guangzhou release's own Chinese credits are
taken from it.
"""

KEEP_ROMANIZED = "Chinese characters not given by the source: keep the romanized name."

GLOSSARY = [
    # Organizations
    ("China National Children’s Center", "中国儿童中心", "CNCC"),
    ("International Exchange and Cooperation Center", "国际交流合作中心", "IECC, affiliated to CNCC"),
    ("Chinese Society of Technical and Vocational Education", "中国职业技术教育学会", "CSTVE"),
    (
        "International Cooperation and Exchange Department",
        "国际合作与交流部",
        "CSTVE's International Department (国际部)",
    ),
    (
        "United Nations Intergovernmental Cooperation for the Construction of Child-Friendly Cities",
        "联合国儿童友好城市建设政府间合作组织",
        "UNICCC",
    ),
    (
        "China Center for International People-to-people Exchange",
        "教育部中外人文交流中心",
        "CCIPE, Ministry of Education",
    ),
    ("China International Youth Exchange Center", "中国国际青年交流中心", "CIYEC"),
    ("Korea International Cultural Exchange Center", "韩国国际文化交流中心", "KICEC"),
    ("UNICEF", "联合国儿童基金会", ""),
    ("United Nations educational, scientific and cultural organization", "联合国教科文组织", "UNESCO"),
    ("Ministry of Education", "教育部", ""),
    ("Ministry of Civil Affairs", "民政部", ""),
    ("Guangzhou Municipal Education Bureau", "广州市教育局", ""),
    ("Huangpu District People's Government", "黄埔区人民政府", "of Guangzhou"),
    ("Hong Kong University of Science and Technology (Guangzhou)", "香港科技大学（广州）", ""),
    ("National Council of Youth Organizations in Korea", "韩国青少年团体协议会", ""),
    ("Beijing Forestry University", "北京林业大学", ""),
    ("All-China Youth Federation", "中华全国青年联合会", ""),
    ("China Children’s Performing Art Troupe", "中国儿童艺术团", ""),
    ("Yangcheng Evening News", "羊城晚报", "Yangchengpai = 羊城派"),
    # Programs and initiatives
    ("Sino-Foreign Cultural Exchange Little Ambassadors", "中外人文交流小使者", ""),
    (
        "Sino-Foreign Cultural Exchange Guangzhou (Huangpu) Education Innovation Zone",
        "中外人文交流广州（黄埔）教育创新区",
        "",
    ),
    ("International Applied Science Curriculum Reform", "国际应用科学课程改革", ""),
    ("Belt and Road Initiative", "一带一路", ""),
    ("child-friendly cities", "儿童友好城市", ""),
    # People
    ("Jiang Jun", "蒋隽", "Yangcheng Evening News reporter (Guangzhou release credits)"),
    ("Cheng Kaichun", "程开春", "correspondent (Guangzhou release credits)"),
    ("Chen Xuan", "陈萱", "translator (Guangzhou release credits)"),
    ("Gu Siqi", "古司祺", "editor (Guangzhou release credits)"),
    ("TANG Jian", "TANG Jian", KEEP_ROMANIZED),
    ("Liu Aiping", "Liu Aiping", KEEP_ROMANIZED),
    ("Kim In-kyu", "Kim In-kyu", KEEP_ROMANIZED),
    ("Ko Myung-jin", "Ko Myung-jin", KEEP_ROMANIZED),
    ("Song Ki-chull", "Song Ki-chull", KEEP_ROMANIZED),
    ("Lin Zhen", "Lin Zhen", KEEP_ROMANIZED),
    ("Yu Mun-jong", "Yu Mun-jong", KEEP_ROMANIZED),
    ("Liu Chungang", "Liu Chungang", KEEP_ROMANIZED),
    ("Yang Cheol-seng", "Yang Cheol-seng", KEEP_ROMANIZED),
    ("Xu Huanan", "Xu Huanan", KEEP_ROMANIZED),
    ("Zhu Haowei", "Zhu Haowei", KEEP_ROMANIZED),
    # Places
    ("Beijing", "北京", ""),
    ("Guangzhou", "广州", ""),
    ("Huangpu District", "黄埔区", "Guangzhou"),
    ("Chaoyang District", "朝阳区", "Beijing"),
    ("Guangdong-Hong Kong-Macao Greater Bay Area", "粤港澳大湾区", ""),
    ("Hong Kong", "香港", ""),
    ("Macao", "澳门", ""),
    ("Taiwan", "台湾", ""),
    ("Hangzhou", "杭州", "Hangzhou Asian Games = 杭州亚运会"),
    ("South Korea", "韩国", ""),
    ("East Asia", "东亚", ""),
]
